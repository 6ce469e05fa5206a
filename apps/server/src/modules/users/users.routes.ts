import { CreateGrantBody, CreateUserBody, ErrorBody, Id, IdParams, UpdateUserBody, User, UserPage, UsersQuery, UserWithPassword } from '@lecture-hall/shared';
import { z } from 'zod';
import { type RoutePlugin, typed } from '../../lib/routing';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const usersRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const users = app.services.users;

  r.get(
    '/api/users',
    { schema: { operationId: 'listUsers', tags: ['users'], summary: '用户列表', querystring: UsersQuery, response: { 200: UserPage, ...errors } } },
    async (request) => users.list(request.ctx, request.query),
  );

  r.post(
    '/api/users',
    { schema: { operationId: 'createUser', tags: ['users'], summary: '新建用户', body: CreateUserBody, response: { 201: UserWithPassword, ...errors } } },
    async (request, reply) => reply.status(201).send(await users.create(request.ctx, request.body)),
  );

  r.patch(
    '/api/users/:id',
    { schema: { operationId: 'updateUser', tags: ['users'], summary: '修改用户', params: IdParams, body: UpdateUserBody, response: { 200: User, ...errors } } },
    async (request) => users.update(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/users/:id/reset-password',
    { schema: { operationId: 'resetUserPassword', tags: ['users'], summary: '重置密码', params: IdParams, response: { 200: UserWithPassword, ...errors } } },
    async (request) => users.resetPassword(request.ctx, request.params.id),
  );

  r.post(
    '/api/users/:id/grants',
    {
      schema: { operationId: 'createGrant', tags: ['users'], summary: '授予角色', params: IdParams, body: CreateGrantBody, response: { 201: User, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await users.addGrant(request.ctx, request.params.id, request.body)),
  );

  r.delete(
    '/api/users/:id/grants/:grantId',
    {
      schema: {
        operationId: 'deleteGrant',
        tags: ['users'],
        summary: '撤销角色',
        params: z.object({ id: Id, grantId: Id }),
        response: { 200: User, ...errors },
      },
    },
    async (request) => users.removeGrant(request.ctx, request.params.id, request.params.grantId),
  );
};
