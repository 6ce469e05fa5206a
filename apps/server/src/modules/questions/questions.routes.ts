import type { RoutePlugin } from '../../lib/routing';

// PLACEHOLDER — being written now
export const questionsRoutes: RoutePlugin = async () => {};
