/** Health and the model catalogue (contract §5.1, 5.16, 5.18, 5.19). */
import { HealthSchema, ModelAliasSchema, ModelGroupResolutionSchema, ModelGroupSchema, ModelListSchema } from '../schemas/models.js';
import { ListModelsInput, ModelAliasInput, ModelGroupInput, NoInput } from '../schemas/requests.js';
import { endpoint, TEAM_ID } from './endpoint.js';

// The server leaves all but `resolve` open; the key is not sent where it is not needed.
const open = { method: 'GET', timeout: 'default', authenticated: false, safety: 'read' } as const;

export const health = endpoint({ ...open, operation: 'health', path: '/health', input: NoInput, response: HealthSchema });

export const resolveModelGroup = endpoint({
  ...open,
  operation: 'resolveModelGroup',
  path: '/api/model-groups/{group_name}/resolve',
  authenticated: true,
  input: ModelGroupInput,
  pathParams: { group_name: 'groupName' },
  query: { team_id: TEAM_ID },
  response: ModelGroupResolutionSchema,
});

export const getModelGroup = endpoint({
  ...open,
  operation: 'getModelGroup',
  path: '/api/model-groups/{group_name}',
  input: ModelGroupInput,
  pathParams: { group_name: 'groupName' },
  response: ModelGroupSchema,
});

export const listModels = endpoint({
  ...open,
  operation: 'listModels',
  path: '/api/models',
  input: ListModelsInput,
  query: { status: 'status', provider: 'provider', access_group: 'access_group' },
  response: ModelListSchema,
});

export const getModel = endpoint({
  ...open,
  operation: 'getModel',
  path: '/api/models/{model_alias}',
  input: ModelAliasInput,
  pathParams: { model_alias: 'alias' },
  response: ModelAliasSchema,
});
