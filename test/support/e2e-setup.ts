import type { TestProject } from 'vitest/node';
import { makeServerTemplate } from '@/test/support/server';

// Once per end-to-end run: build the app if needed, start a server, let it seed a day of traffic,
// sign every demo account in, stop it cleanly. Each test file's server starts from a copy.
export default async function setup(project: TestProject) {
  const started = Date.now();
  const { template, dispose } = await makeServerTemplate();
  console.log(`end-to-end template ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('serverTemplate', template);
  return dispose;
}
