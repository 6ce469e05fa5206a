import { FullscreenOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Space, Spin, Typography } from 'antd';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

// This module is the only one importing pdf.js; DeckWorkspace loads it lazily, so pdf.js is a chunk of its own.
pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Copied into dist/pdfjs/ by vite.pdfjs.ts: CMaps for CJK fonts that are not embedded (STSong-Light, UniGB-UCS2-H), standard fonts, wasm. */
const ASSETS = `${import.meta.env.BASE_URL}pdfjs/`;

type Doc = pdfjs.PDFDocumentProxy;

/** Opens a PDF from its bytes; the caller destroys the returned task when done. */
function openPdf(data: Uint8Array) {
  return pdfjs.getDocument({
    data,
    cMapUrl: `${ASSETS}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${ASSETS}standard_fonts/`,
    wasmUrl: `${ASSETS}wasm/`,
    useSystemFonts: true,
  });
}

/** The width of an element, followed as it changes (window resize, full screen). */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * Renders one page into a fresh canvas (so an unfinished render never shares a canvas with the
 * next one), fitted to a width and at most a height, sharp on high-DPI screens.
 */
function PageCanvas({
  doc,
  pageNo,
  width,
  maxHeight,
  onError,
}: {
  doc: Doc;
  pageNo: number;
  width: number;
  maxHeight: number;
  onError?: (e: unknown) => void;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  useEffect(() => {
    if (width <= 0) return;
    let cancelled = false;
    let task: ReturnType<pdfjs.PDFPageProxy['render']> | null = null;
    doc
      .getPage(pageNo)
      .then((page) => {
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        const scale = Math.min(width / base.width, maxHeight / base.height);
        const viewport = page.getViewport({ scale });
        const dpr = Math.min(window.devicePixelRatio || 1, 2);
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width * dpr);
        canvas.height = Math.floor(viewport.height * dpr);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        canvas.style.display = 'block';
        setSize({ w: Math.floor(viewport.width), h: Math.floor(viewport.height) });
        task = page.render({ canvas, viewport, transform: dpr !== 1 ? [dpr, 0, 0, dpr, 0, 0] : undefined });
        return task.promise.then(() => {
          if (!cancelled && holder.current) holder.current.replaceChildren(canvas);
        });
      })
      .catch((e: unknown) => {
        if (!cancelled && !(e instanceof Error && e.name === 'RenderingCancelledException')) onError?.(e);
      });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, pageNo, width, maxHeight, onError]);
  return <div ref={holder} style={{ width: size?.w, minHeight: size?.h ?? 40, background: '#fff', boxShadow: '0 1px 4px rgba(0,0,0,0.15)' }} />;
}

/** A page thumbnail that renders only once it scrolls into view. */
function Thumb({ doc, pageNo, active, onClick }: { doc: Doc; pageNo: number; active: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLButtonElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || visible) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setVisible(true);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [visible]);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <button
      ref={ref}
      type="button"
      data-testid={`page-thumb-${pageNo}`}
      aria-label={t('decks.viewer.pageN', { n: pageNo })}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
      style={{
        display: 'block',
        width: '100%',
        padding: 4,
        marginBottom: 6,
        border: active ? '2px solid #b7282e' : '2px solid transparent',
        borderRadius: 4,
        background: 'transparent',
        cursor: 'pointer',
      }}
    >
      <div style={{ minHeight: 40, display: 'flex', justifyContent: 'center' }}>
        {visible ? <PageCanvas doc={doc} pageNo={pageNo} width={64} maxHeight={90} /> : null}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {pageNo}
      </Typography.Text>
    </button>
  );
}

/** 1…count, the pages of a document. */
const pageNumbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

export interface PdfViewerProps {
  /** The PDF bytes (the preview of one deck version). */
  blob: Blob;
  page: number;
  onPageChange: (page: number) => void;
  onPageCount?: (n: number) => void;
}

/** pdf.js viewer: the current page large, previous/next, a page number box and a lazily rendered thumbnail strip. */
export function PdfViewer({ blob, page, onPageChange, onPageCount }: PdfViewerProps) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mainRef, width] = useWidth<HTMLDivElement>();
  const box = useRef<HTMLDivElement>(null);
  const [maxHeight, setMaxHeight] = useState(() => Math.max(320, Math.round(window.innerHeight * 0.7)));

  useEffect(() => {
    let cancelled = false;
    let task: ReturnType<typeof openPdf> | null = null;
    setDoc(null);
    setError(null);
    blob
      .arrayBuffer()
      .then((buf) => {
        if (cancelled) return null;
        task = openPdf(new Uint8Array(buf));
        return task.promise;
      })
      .then((d) => {
        if (!d || cancelled) return;
        setDoc(d);
        onPageCount?.(d.numPages);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      void task?.destroy();
    };
  }, [blob, onPageCount]);

  useEffect(() => {
    const onFs = () => setMaxHeight(Math.max(320, Math.round(window.innerHeight * (document.fullscreenElement ? 0.9 : 0.7))));
    document.addEventListener('fullscreenchange', onFs);
    return () => document.removeEventListener('fullscreenchange', onFs);
  }, []);

  const onRenderError = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);
  const count = doc?.numPages ?? 0;
  const go = (n: number) => {
    if (count > 0) onPageChange(Math.max(1, Math.min(count, n)));
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    if (e.key === 'ArrowRight' || e.key === 'PageDown') go(page + 1);
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(page - 1);
  };

  if (error) return <Alert type="error" showIcon title={t('decks.viewer.loadFailed')} description={error} />;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys turn pages while the viewer has focus
    <div
      ref={box}
      data-testid="deck-viewer"
      data-current-page={page}
      data-page-count={count}
      tabIndex={-1}
      onKeyDown={onKey}
      style={{ background: '#f0f2f5', borderRadius: 6, padding: 8, outline: 'none' }}
    >
      <Space wrap style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={() => go(page - 1)} aria-label={t('decks.viewer.prev')} />
          <InputNumber
            size="small"
            min={1}
            max={Math.max(1, count)}
            value={page}
            onChange={(v) => typeof v === 'number' && go(v)}
            aria-label={t('decks.viewer.pageInput')}
            style={{ width: 64 }}
          />
          <Typography.Text type="secondary">/ {count || '…'}</Typography.Text>
          <Button icon={<RightOutlined />} disabled={count === 0 || page >= count} onClick={() => go(page + 1)} aria-label={t('decks.viewer.next')} />
        </Space>
        <Button
          icon={<FullscreenOutlined />}
          onClick={() => (document.fullscreenElement ? void document.exitFullscreen() : void box.current?.requestFullscreen?.())}
        >
          {t('decks.viewer.fullscreen')}
        </Button>
      </Space>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <nav style={{ width: 84, flex: 'none', maxHeight, overflowY: 'auto' }} aria-label={t('decks.viewer.thumbs')}>
          {doc && pageNumbers(count).map((n) => <Thumb key={n} doc={doc} pageNo={n} active={page === n} onClick={() => go(n)} />)}
        </nav>
        <div ref={mainRef} style={{ flex: 1, minWidth: 0, display: 'flex', justifyContent: 'center' }}>
          {doc ? (
            <PageCanvas doc={doc} pageNo={Math.max(1, Math.min(count, page))} width={width} maxHeight={maxHeight} onError={onRenderError} />
          ) : (
            <Spin style={{ margin: 48 }} />
          )}
        </div>
      </div>
    </div>
  );
}
