import type { RoutePlugin } from '../lib/routing';

// PLACEHOLDER — being written now: GET /api/live/:editionId/ws
export const liveSocketRoutes: RoutePlugin = async () => {};
