import { CreateOrgUnitBody, ErrorBody, IdParams, MoveOrgUnitBody, OrgUnit, OrgUnitList, OrgUnitListQuery, RenameOrgUnitBody } from '@lecture-hall/shared';
import { type RoutePlugin, typed } from '../../lib/routing';

const writeErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const orgRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const org = app.services.org;

  r.get(
    '/api/org-units',
    {
      schema: {
        operationId: 'listOrgUnits',
        tags: ['org'],
        summary: '组织机构树（平铺）',
        querystring: OrgUnitListQuery,
        response: { 200: OrgUnitList, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => ({ items: await org.list(request.ctx, request.query.includeArchived === 'true') }),
  );

  r.post(
    '/api/org-units',
    { schema: { operationId: 'createOrgUnit', tags: ['org'], summary: '新增单位', body: CreateOrgUnitBody, response: { 201: OrgUnit, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(await org.create(request.ctx, request.body)),
  );

  r.patch(
    '/api/org-units/:id',
    {
      schema: {
        operationId: 'renameOrgUnit',
        tags: ['org'],
        summary: '重命名单位',
        params: IdParams,
        body: RenameOrgUnitBody,
        response: { 200: OrgUnit, ...writeErrors },
      },
    },
    async (request) => org.rename(request.ctx, request.params.id, request.body.name),
  );

  r.post(
    '/api/org-units/:id/move',
    {
      schema: {
        operationId: 'moveOrgUnit',
        tags: ['org'],
        summary: '移动单位',
        params: IdParams,
        body: MoveOrgUnitBody,
        response: { 200: OrgUnit, ...writeErrors },
      },
    },
    async (request) => org.move(request.ctx, request.params.id, request.body.newParentId),
  );

  r.post(
    '/api/org-units/:id/archive',
    { schema: { operationId: 'archiveOrgUnit', tags: ['org'], summary: '归档单位', params: IdParams, response: { 200: OrgUnit, ...writeErrors } } },
    async (request) => org.setArchived(request.ctx, request.params.id, true),
  );

  r.post(
    '/api/org-units/:id/restore',
    { schema: { operationId: 'restoreOrgUnit', tags: ['org'], summary: '恢复单位', params: IdParams, response: { 200: OrgUnit, ...writeErrors } } },
    async (request) => org.setArchived(request.ctx, request.params.id, false),
  );
};
