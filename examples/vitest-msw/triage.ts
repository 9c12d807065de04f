/** A user's own code under test: triage a ticket with the SDK, degrading gracefully when the API is down. */
import { isSaaSLLMError, type SaaSLLMClient } from 'saas-litellm';

export interface Triage {
  priority: 'low' | 'urgent' | 'unknown';
  /** Why the priority is unknown, when it is. */
  reason?: string;
}

export async function triage(client: SaaSLLMClient, ticket: string): Promise<Triage> {
  try {
    return await client.withJob('triage', async (job) => {
      const reply = await job.chat({ model: 'sdk-chat', messages: [{ role: 'user', content: `Answer "urgent" or "low": ${ticket}` }] });
      return { priority: /urgent/i.test(reply.response.content ?? '') ? 'urgent' : 'low' };
    });
  } catch (error) {
    if (isSaaSLLMError(error) && error.retryable) return { priority: 'unknown', reason: error.code };
    throw error;
  }
}
