import {
  ErrorBody,
  IdParams,
  ImportQuery,
  ImportReport,
  PeopleExportQuery,
  PeopleQuery,
  Person,
  PersonInput,
  PersonPage,
  PersonPatch,
} from '@lecture-hall/shared';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition, readUploadedFile, XLSX_MIME } from '../../lib/http';
import { type RoutePlugin, typed } from '../../lib/routing';
import type { Download } from './people.service';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };
/** A workbook download; the body is bytes, so the schema only documents it. */
const Xlsx = z.string().meta({ description: 'Excel 工作簿（.xlsx）', format: 'binary' });

function sendDownload(reply: FastifyReply, d: Download) {
  return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentDisposition(d.filename, d.asciiFilename)).send(d.body);
}

export const peopleRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const people = app.services.people;

  r.get(
    '/api/people',
    {
      schema: {
        operationId: 'listPeople',
        tags: ['people'],
        summary: '干部名册（分页查询）',
        querystring: PeopleQuery,
        response: { 200: PersonPage, ...readErrors },
      },
    },
    async (request) => people.list(request.ctx, request.query),
  );

  // Registered before /api/people/:id so that these fixed paths are never taken for an id.
  r.get(
    '/api/people/import-template',
    {
      schema: {
        operationId: 'getPeopleImportTemplate',
        tags: ['people'],
        summary: '下载干部花名册导入模板',
        response: { 200: Xlsx, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => sendDownload(reply, await people.template(request.ctx)),
  );

  r.get(
    '/api/people/export',
    {
      schema: {
        operationId: 'exportPeople',
        tags: ['people'],
        summary: '导出干部花名册（Excel）',
        querystring: PeopleExportQuery,
        response: { 200: Xlsx, ...readErrors },
      },
    },
    async (request, reply) => sendDownload(reply, await people.export(request.ctx, request.query)),
  );

  r.post(
    '/api/people/import',
    {
      schema: {
        operationId: 'importPeople',
        tags: ['people'],
        summary: '导入干部花名册（先校验，全部无误才导入）',
        description: 'multipart/form-data，文件字段 file（.xlsx）。dryRun=true 只校验不写入；有错误时返回 422 import_rejected，details 为校验报告。',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: ImportReport, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => people.importRoster(request.ctx, request.query.dryRun === 'true', () => readUploadedFile(request)),
  );

  r.get(
    '/api/people/:id',
    { schema: { operationId: 'getPerson', tags: ['people'], summary: '人员详情', params: IdParams, response: { 200: Person, ...readErrors } } },
    async (request) => people.get(request.ctx, request.params.id),
  );

  r.post(
    '/api/people',
    { schema: { operationId: 'createPerson', tags: ['people'], summary: '新增人员', body: PersonInput, response: { 201: Person, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(await people.create(request.ctx, request.body)),
  );

  r.patch(
    '/api/people/:id',
    {
      schema: {
        operationId: 'updatePerson',
        tags: ['people'],
        summary: '修改人员信息',
        params: IdParams,
        body: PersonPatch,
        response: { 200: Person, ...writeErrors },
      },
    },
    async (request) => people.update(request.ctx, request.params.id, request.body),
  );
};
