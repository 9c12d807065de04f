/** The examples' client: your server when SAAS_LITELLM_API_URL is set (the rest from the environment), else the embedded mock API. */
import { SaaSLLMClient } from 'saas-litellm';
import { createEmulator, TEST_BASE_URL, TEST_TEAM_ID, TEST_VIRTUAL_KEY, type EmulatorOptions } from 'saas-litellm/testing';

export function clientFromEnvironment(mock: EmulatorOptions = {}): SaaSLLMClient {
  if (process.env.SAAS_LITELLM_API_URL) return new SaaSLLMClient();
  const emulator = createEmulator(mock);
  return new SaaSLLMClient({ baseUrl: TEST_BASE_URL, teamId: TEST_TEAM_ID, virtualKey: TEST_VIRTUAL_KEY, fetch: emulator.fetch });
}
