import { MathAwareText } from '../../markdown/MathAwareText';
import { ModelMarkdown } from '../../markdown/ModelMarkdown';
import { StoredImageViewer } from '../../components/StoredImage';

/**
 * The question a model answers: its images, text and choices (with the gold and the model's pick
 * marked once the answer is graded). The stored trace and the live view both show it.
 */
export function QuestionPanel({
  sampleKey,
  externalId,
  images,
  question,
  choices,
  gold,
  picked,
}: {
  sampleKey: string | number;
  externalId: string;
  images: Array<{ sha256: string | null; missing: string | null }>;
  question: string;
  choices: Record<string, string> | null;
  gold?: string;
  picked?: string | null;
}) {
  return (
    <>
      {/* A result file (VLMEvalKit's judged xlsx, say) may carry no image even when the question had one. */}
      {images.length === 0 && <div className="missing-image">No image stored for this question.</div>}
      {images.map((image, index) =>
        image.sha256 ? (
          <StoredImageViewer key={`${sampleKey}-${index}`} sha256={image.sha256} alt={`image ${index + 1} of ${externalId}`} />
        ) : (
          <div key={index} className="missing-image" title="Import the file again with --images DIR (the folder the path is relative to), and --replace">
            Image missing: {image.missing} <span className="muted small">(not found when the file was imported; import it again with --images DIR)</span>
          </div>
        ),
      )}
      <h3>Question</h3>
      {/* Questions carry LaTeX (MATH-V, MathVista): typeset by the same safe pipeline as model output (KaTeX, trust off). */}
      <div className="question" data-testid="question">
        <ModelMarkdown text={question} />
      </div>
      {choices && (
        <ol className="choices">
          {Object.entries(choices).map(([letter, text]) => (
            <li key={letter} className={[letter === gold ? 'gold' : '', letter === picked ? 'picked' : ''].join(' ').trim() || undefined}>
              <b>{letter}.</b> <MathAwareText text={text} />
              {letter === gold && <span className="badge">gold</span>}
              {letter === picked && <span className="badge picked">model</span>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
