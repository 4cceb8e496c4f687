// Runs fake-vllm.ts with plain Node, through tsx as bin/vlm-workbench.js does.
import { register } from 'tsx/esm/api';

register();
await import('./fake-vllm.ts');
