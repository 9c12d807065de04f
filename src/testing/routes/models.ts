/** Health and the model catalogue (contract §5.1, 5.16, 5.18, 5.19). */
import { detail, json } from '../responses.js';
import type { RouteHandler } from '../router.js';
import { unprocessable } from '../validation.js';
import { modelGroupJson, modelJson } from '../wire.js';
import type { World } from './world.js';

type ModelOperation = 'health' | 'resolveModelGroup' | 'getModelGroup' | 'listModels' | 'getModel';

const MODEL_FILTERS = ['status', 'provider', 'access_group'] as const;

export function modelRoutes({ state }: World): Record<ModelOperation, RouteHandler> {
  return {
    health: { handle: () => json(200, { status: 'healthy', service: 'saas-llm-api' }) },
    resolveModelGroup: {
      handle: ({ url, params, team }) => {
        const teamId = url.searchParams.get('team_id');
        if (teamId === null) return unprocessable([{ type: 'missing', loc: ['query', 'team_id'], msg: 'Field required', input: null }]);
        if (teamId !== team.teamId) return detail(403, 'Cannot resolve model group for a different team');
        const name = params.group_name ?? '';
        const group = state.modelGroups.get(name);
        if (group === undefined) return detail(404, `Model group '${name}' not found`);
        if (!team.modelGroups.includes(name)) {
          return json(200, { group_name: name, primary_model: null, fallback_models: [], team_has_access: false, error: `Team '${team.teamId}' does not have access to model group '${name}'` });
        }
        if (group.status !== 'active') return detail(403, `Model group '${name}' not found or inactive`);
        const [primary, ...fallbacks] = group.models;
        if (primary === undefined) return detail(403, `No active models configured for group '${name}'`);
        return json(200, { group_name: name, primary_model: primary, fallback_models: fallbacks, team_has_access: true });
      },
    },
    getModelGroup: {
      handle: ({ params }) => {
        const name = params.group_name ?? '';
        const group = state.modelGroups.get(name);
        return group === undefined ? detail(404, `Model group '${name}' not found`) : json(200, modelGroupJson(group, state));
      },
    },
    listModels: {
      handle: ({ url }) => {
        const filters = MODEL_FILTERS.map((name) => [name, url.searchParams.get(name)] as const);
        const models = [...state.models.values()].filter((model) =>
          filters.every(([name, value]) => value === null || (name === 'access_group' ? model.access_groups.includes(value) : model[name] === value)),
        );
        return json(200, models.map(modelJson));
      },
    },
    getModel: {
      handle: ({ params }) => {
        const model = state.models.get(params.model_alias ?? '');
        return model === undefined ? detail(404, `Model alias '${params.model_alias}' not found`) : json(200, modelJson(model));
      },
    },
  };
}
