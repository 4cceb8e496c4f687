/**
 * A real .xlsx "zip bomb" for tests: a few MB on disk whose one sheet inflates to `inflatedBytes`
 * of repetitive XML. Written with yazl (the same kind of archive Excel writes), streamed, so the
 * test process never holds the inflated sheet either.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export async function writeXlsxBomb(path: string, inflatedBytes: number): Promise<void> {
  const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const row = `<row><c t="inlineStr"><is><t>${'A'.repeat(1 << 16)}</t></is></c></row>`;
  const block = Buffer.from(row.repeat(16));
  let sent = 0;
  const sheet = new Readable({
    read() {
      if (sent === 0) this.push(head);
      if (sent >= inflatedBytes) {
        this.push('</sheetData></worksheet>');
        this.push(null);
        return;
      }
      sent += block.length;
      this.push(block);
    },
  });
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    '[Content_Types].xml',
  );
  // Level 1: the ratio is what matters here, and it is still over 150:1 at a fraction of the time.
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml', { compressionLevel: 1 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}
