#!/usr/bin/env node
// `herald <role>`: runs src/main.ts through tsx (Herald ships TypeScript sources; no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
