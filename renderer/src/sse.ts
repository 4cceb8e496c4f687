/**
 * Server-Sent Events over fetch, so the request can carry the access token as a header (an
 * EventSource cannot). Reconnects after a dropped connection, like EventSource does.
 * Returns the function that stops it.
 */
export function readServerSentEvents(url: string, headers: Record<string, string>, onData: (data: string) => void): () => void {
  const controller = new AbortController();
  let retryMs = 1000;

  const readOnce = async (): Promise<void> => {
    const response = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, credentials: 'omit', signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`event stream refused (${response.status})`);
    retryMs = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''))
          .join('\n');
        if (data) onData(data);
      }
    }
  };

  const loop = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        await readOnce();
      } catch {
        // Dropped or refused: try again later, as EventSource would.
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, 30_000);
    }
  };
  void loop();
  return () => controller.abort();
}
