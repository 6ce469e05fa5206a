import type { RoutePlugin } from '../../lib/routing';

// PLACEHOLDER — being written by a helper
export const peopleRoutes: RoutePlugin = async () => {};
