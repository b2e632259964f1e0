import type { FakeAccount, FakeProviderModule } from './types.ts';
import { bearer, retryAfterHeaders } from './types.ts';

/** One task as the fake keeps it (`fields.tasks[id]`). */
export interface FakeTask {
  status: 0 | 1 | 2;
  creditsUsed: number;
  /** As documented: true once a failed task's credits were given back. */
  creditsRefunded: boolean | number;
  type?: 'image' | 'video';
  model?: string;
  /** Submission time (ISO), when the credits were debited; default FAKE_TASK_TIME. */
  createdAt?: string;
  /** The snapshot's last change (ISO); a refunded task's refund time. Default: createdAt. */
  updatedAt?: string;
}

/** When a fake task was submitted unless the test says otherwise. */
export const FAKE_TASK_TIME = '2026-11-21T10:00:00.000Z';

/**
 * GPT Image 2 API (seed 003, gptimage2api.org/docs): no balance endpoint, only task
 * lookups, GET /api/ai/tasks/{id}. Errors are `{"error":"..."}`: 401 Unauthorized,
 * 404 Task not found. A task lookup costs nothing, so insufficient_balance does not change
 * its answer. `fields.tasks` maps task ids to FakeTask.
 */
export const gptimage2Fake: FakeProviderModule = {
  id: 'gptimage2',
  keyOf: bearer,
  sample: {
    account: {
      key: 'sk_live_sample',
      balance: '500',
      scenario: 'ok',
      fields: {
        tasks: {
          tsk_sample_1: { status: 1, creditsUsed: 12, creditsRefunded: false, type: 'image', model: 'nano-banana-pro' },
        },
      },
    },
    manual: true,
    expect: { amount: '500', unit: 'credits' },
  },
  handle(req, account) {
    const m = /^\/api\/ai\/tasks\/([^/]+)$/.exec(req.path);
    if (!m || req.method !== 'GET') return { status: 404, body: { error: 'Not found' } };
    if (!account || account.scenario === 'invalid_key' || account.scenario === 'expired_key')
      return { status: 401, body: { error: 'Unauthorized' } };
    switch (account.scenario) {
      case 'daily_cap':
      case 'rate_limited':
        return { status: 429, headers: retryAfterHeaders(account), body: { error: 'Too many requests' } };
      case 'error_in_200':
        return { status: 200, body: { error: 'Unauthorized' } };
      default:
        break;
    }
    const id = decodeURIComponent(m[1]!);
    const tasks = tasksOf(account);
    const task = Object.hasOwn(tasks, id) ? tasks[id] : undefined;
    if (!task) return { status: 404, body: { error: 'Task not found' } };
    if (account.scenario === 'wrong_types')
      return { status: 200, body: { taskId: id, status: 'done', creditsUsed: 'twelve' } };
    const createdAt = task.createdAt ?? FAKE_TASK_TIME;
    return {
      status: 200,
      body: {
        taskId: id,
        type: task.type ?? 'image',
        status: task.status,
        model: task.model ?? 'gpt-image-2',
        prompt: 'a lighthouse at dusk',
        imageUrls: task.status === 1 ? ['https://cdn.example.com/fake.png'] : [],
        videoUrl: null,
        errorCode: task.status === 2 ? 'EMPTY_RESULT' : null,
        errorMessage: task.status === 2 ? 'The provider returned no output' : null,
        creditsUsed: task.creditsUsed,
        creditsRefunded: task.creditsRefunded,
        createdAt,
        updatedAt: task.updatedAt ?? createdAt,
      },
    };
  },
};

function tasksOf(account: FakeAccount): Record<string, FakeTask> {
  const tasks = account.fields?.tasks;
  return tasks && typeof tasks === 'object' ? (tasks as Record<string, FakeTask>) : {};
}
