import { ErrorBody, IdParams, PaperImportList, PaperImportResult } from '@lecture-hall/shared';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition, readUploadedFile } from '../../lib/http';
import { type RoutePlugin, typed } from '../../lib/routing';
import type { Download } from './results-files.service';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** A file download; the body is bytes, so the schema only documents it. */
const File = (description: string) => z.string().meta({ description, format: 'binary' });

function sendDownload(reply: FastifyReply, d: Download) {
  return reply.header('content-type', d.contentType).header('content-disposition', attachmentDisposition(d.filename, d.asciiFilename)).send(d.body);
}

export const resultsFilesRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const files = app.services.resultsFiles;

  r.get(
    '/api/editions/:id/results/export.xlsx',
    {
      schema: {
        operationId: 'exportEditionResultsWorkbook',
        tags: ['results'],
        summary: '导出成绩工作簿（汇总、各讲课人、各维度、信度、异常、匿名评分）',
        params: IdParams,
        response: { 200: File('Excel 工作簿（.xlsx）'), ...readErrors },
      },
    },
    async (request, reply) => sendDownload(reply, await files.workbook(request.ctx, request.params.id)),
  );

  r.get(
    '/api/editions/:id/results/ballots.csv',
    {
      schema: {
        operationId: 'exportEditionBallotsCsv',
        tags: ['results'],
        summary: '导出匿名评分明细（CSV，UTF-8 带 BOM）',
        params: IdParams,
        response: { 200: File('CSV 文件'), ...readErrors },
      },
    },
    async (request, reply) => sendDownload(reply, await files.ballotsCsv(request.ctx, request.params.id)),
  );

  r.get(
    '/api/editions/:id/results/report.pdf',
    {
      schema: {
        operationId: 'exportEditionResultsReport',
        tags: ['results'],
        summary: '导出成绩报告（A4 PDF，含图表）',
        description: '由服务器上的 Chromium 打印；未安装或无法启动时返回 503 report_unavailable。',
        params: IdParams,
        response: { 200: File('PDF 文件'), ...readErrors, 503: ErrorBody },
      },
    },
    async (request, reply) => sendDownload(reply, await files.reportPdf(request.ctx, request.params.id)),
  );

  r.get(
    '/api/editions/:id/paper-sheet.xlsx',
    {
      schema: {
        operationId: 'getPaperSheetTemplate',
        tags: ['results'],
        summary: '下载本期纸质评分表模板（每位讲课人一个工作表）',
        params: IdParams,
        response: { 200: File('Excel 工作簿（.xlsx）'), ...readErrors },
      },
    },
    async (request, reply) => sendDownload(reply, await files.paperSheet(request.ctx, request.params.id)),
  );

  r.post(
    '/api/editions/:id/paper-ballots',
    {
      schema: {
        operationId: 'importPaperBallots',
        tags: ['results'],
        summary: '导入填好的纸质评分表（全部无误才导入，计为“纸质”评分）',
        description:
          'multipart/form-data，文件字段 file（.xlsx，由本期评分表模板填写）。仅在本期“已结束”、成绩发布前可导入（否则 409 paper_import_closed）；有任何错误时整个文件不导入，返回 422 paper_sheet_invalid，details.problems 按工作表和行列出原因。',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: PaperImportResult, ...readErrors, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => files.importPaper(request.ctx, request.params.id, () => readUploadedFile(request)),
  );

  r.get(
    '/api/editions/:id/paper-ballots',
    {
      schema: {
        operationId: 'listPaperImports',
        tags: ['results'],
        summary: '本期已导入的纸质评分表',
        params: IdParams,
        response: { 200: PaperImportList, ...readErrors },
      },
    },
    async (request) => files.paperImports(request.ctx, request.params.id),
  );
};
