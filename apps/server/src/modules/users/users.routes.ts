import type { RoutePlugin } from '../../lib/routing';

// PLACEHOLDER
export const usersRoutes: RoutePlugin = async () => {};
