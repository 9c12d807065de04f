import type { RouteTable } from '../router.js';
import { jobRoutes } from './jobs.js';
import { llmRoutes } from './llm.js';
import { modelRoutes } from './models.js';
import { streamRoutes } from './streams.js';
import { teamRoutes } from './teams.js';
import type { World } from './world.js';

/** A handler for every operation of the SDK's endpoint table (the type fails to check if one is missing). */
export function routeTable(world: World): RouteTable {
  return { ...modelRoutes(world), ...jobRoutes(world), ...llmRoutes(world), ...streamRoutes(world), ...teamRoutes(world) };
}

export type { World } from './world.js';
export { JOB_STREAM_BUG } from './streams.js';
export type { JobStreamRoute } from './world.js';
