import type { TestProject } from 'vitest/node';
import { makeServerTemplate } from '@/test/support/server';

// Once per end-to-end project: build the app if needed, start a server, let it seed a day of
// traffic, sign every demo account in, stop it cleanly. Each test file's server starts from a copy.
// The project's engine: its own DATABASE_URL (the postgres project), else the environment's.
export default async function setup(project: TestProject) {
  const started = Date.now();
  const serverUrl = project.config.env?.DATABASE_URL ?? process.env.DATABASE_URL ?? '';
  const { template, dispose } = await makeServerTemplate(serverUrl || undefined);
  console.log(`end-to-end template (${project.name}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('serverTemplate', template);
  return dispose;
}
