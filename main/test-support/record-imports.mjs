// `node --import ./main/test-support/record-imports.mjs …`: appends the URL of every module the
// process resolves to the file named by VLM_WORKBENCH_RECORD_IMPORTS (one a line), so a test can
// tell which packages a command really loads.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { file: process.env.VLM_WORKBENCH_RECORD_IMPORTS } });
