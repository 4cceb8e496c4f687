#!/usr/bin/env node
// The CLI runs the TypeScript core directly through tsx, so `npx vlm-workbench` works right
// after `npm install` with no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
