import { EDITION_STATUS_LABELS, type EditionStatus } from '@lecture-hall/shared/domain/programme';
import { Tag } from 'antd';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { STATUS_COLORS } from './lifecycle';

export function EditionStatusTag({ status }: { status: EditionStatus }) {
  const lang = useLang();
  return <Tag color={STATUS_COLORS[status]}>{labelOf(EDITION_STATUS_LABELS, status, lang)}</Tag>;
}
