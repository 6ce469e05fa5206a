import { DeckVersion, ErrorBody, IdParams } from '@lecture-hall/shared';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition } from '../../lib/http';
import { type RoutePlugin, typed } from '../../lib/routing';
import { receiveDeck } from './deck-upload';
import type { DeckDownload } from './decks.service';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const DeckVersionList = z.object({ items: z.array(DeckVersion) });
/** File bodies are bytes; the schemas only document them. */
const DeckFile = z.string().meta({ description: '课件原文件（PDF 或 PPTX）', format: 'binary' });
const PdfFile = z.string().meta({ description: 'PDF 预览文件', format: 'binary' });

function sendFile(reply: FastifyReply, f: DeckDownload, disposition: 'attachment' | 'inline') {
  const header = attachmentDisposition(f.filename, f.asciiFilename);
  return reply
    .header('content-type', f.mime)
    .header('content-length', f.size)
    .header('content-disposition', disposition === 'inline' ? header.replace(/^attachment/, 'inline') : header)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-cache')
    .send(f.stream);
}

export const decksRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const decks = app.services.decks;

  r.get(
    '/api/talks/:id/deck/versions',
    {
      schema: {
        operationId: 'listDeckVersions',
        tags: ['decks'],
        summary: '讲课人课件的全部版本（新版本在前）',
        params: IdParams,
        response: { 200: DeckVersionList, ...readErrors },
      },
    },
    async (request) => decks.list(request.ctx, request.params.id),
  );

  r.post(
    '/api/talks/:id/deck/versions',
    {
      schema: {
        operationId: 'uploadDeckVersion',
        tags: ['decks'],
        summary: '上传课件新版本（PDF 或 PPTX）',
        description:
          'multipart/form-data，文件字段 file。文件类型按内容识别（不看文件名和 Content-Type）；超过大小上限时 413 payload_too_large；不是 PDF/PPTX 时 400 deck_type_refused；疑似压缩炸弹时 400 deck_unsafe；本期已进入待开讲阶段后 409 talk_locked。',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: DeckVersion, ...readErrors, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      const version = await decks.upload(request.ctx, request.params.id, (dest, limit) => receiveDeck(request, dest, limit));
      return reply.status(201).send(version);
    },
  );

  r.get(
    '/api/deck-versions/:id/file',
    {
      schema: {
        operationId: 'downloadDeckVersion',
        tags: ['decks'],
        summary: '下载课件原文件',
        params: IdParams,
        response: { 200: DeckFile, ...readErrors },
      },
    },
    async (request, reply) => sendFile(reply, await decks.download(request.ctx, request.params.id), 'attachment'),
  );

  r.get(
    '/api/deck-versions/:id/preview',
    {
      schema: {
        operationId: 'previewDeckVersion',
        tags: ['decks'],
        summary: '在线预览课件（PDF；PPTX 为转换后的 PDF）',
        description: 'PPTX 尚未转换完成、转换失败或服务器未安装 LibreOffice 时 409 preview_unavailable，details 为 {status, message}。',
        params: IdParams,
        response: { 200: PdfFile, ...readErrors, 409: ErrorBody },
      },
    },
    async (request, reply) => sendFile(reply, await decks.preview(request.ctx, request.params.id), 'inline'),
  );
};
