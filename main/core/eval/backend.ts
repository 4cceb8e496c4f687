/**
 * The one interface every model backend implements (OpenAI-compatible servers, a managed vLLM,
 * in-process onnxruntime, the simulated demo model). The runner never knows which it has.
 */

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface GenerationRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  topP: number;
  /** Which of the k answers to one question this is (pass@k); backends may use it as a seed. */
  sampleIndex: number;
  /** Generation stops before any of these strings (finish reason `stop`). */
  stop?: string[];
  /** Called with the answer so far while it is generated, where the backend can stream (onnx). */
  onPartialText?: (textSoFar: string) => void;
}

export interface GenerationResult {
  text: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
  /** The server said the answer came from a simulated model (simulate-server's `x-simulated` header). */
  simulated?: boolean;
}

/**
 * The backend cannot answer anything any more (its server crashed, its model failed to load).
 * The runner stops the run instead of recording the same error for every remaining sample;
 * the items not yet answered stay pending, so the run resumes once the cause is fixed.
 */
export class FatalBackendError extends Error {
  override readonly name = 'FatalBackendError';
}

export interface ModelBackend {
  /** Short name recorded with the run: simulated, openai, vllm, onnx. */
  readonly kind: string;
  /** Where the answers come from, for provenance (URL, path, model name). */
  readonly source: string;
  /** Gets ready before the first request (launches a server, loads a model); optional. */
  start?(signal?: AbortSignal): Promise<void>;
  generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult>;
  /** Releases what the backend holds (a spawned server, an inference session). Safe to call twice. */
  close?(): Promise<void>;
}
