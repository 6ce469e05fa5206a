import type { RoutePlugin } from '../../lib/routing';

// PLACEHOLDER — being written now
export const reviewsRoutes: RoutePlugin = async () => {};
