import type { App } from './app';

// PLACEHOLDER: first admin on an empty database, demo seed in demo mode (helper writes this)
export async function startupTasks(app: App): Promise<void> {
  void app;
}
