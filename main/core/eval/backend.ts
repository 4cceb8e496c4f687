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
}

export interface GenerationResult {
  text: string;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
}

export interface ModelBackend {
  /** Short name recorded with the run: simulated, openai, vllm, onnx. */
  readonly kind: string;
  /** Where the answers come from, for provenance (URL, path, model name). */
  readonly source: string;
  generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult>;
  close?(): Promise<void>;
}
