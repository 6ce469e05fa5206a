import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, HolderOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { moveItem } from '../features/nominations/selection';

interface Props<T> {
  items: readonly T[];
  getKey: (item: T) => string;
  render: (item: T, index: number) => ReactNode;
  onChange: (items: T[]) => void;
  onRemove?: (item: T) => void;
  testId?: string;
  emptyText?: ReactNode;
}

/**
 * An ordered list the mouse reorders by HTML5 drag and drop; the ↑/↓ buttons do the same from
 * the keyboard or a touch screen, where native drag and drop does not work.
 */
export function SortableList<T>({ items, getKey, render, onChange, onRemove, testId, emptyText }: Props<T>) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);

  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} data-testid={testId} />;

  const move = (from: number, to: number) => onChange(moveItem(items, from, to));

  return (
    <ol data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item, i) => (
        <li
          key={getKey(item)}
          data-key={getKey(item)}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', String(i));
            // Restyling the dragged element inside dragstart makes Chrome cancel the drag; do it just after.
            setTimeout(() => setDragging(i), 0);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== i) setOver(i);
          }}
          onDragLeave={() => setOver((o) => (o === i ? null : o))}
          onDrop={(e) => {
            e.preventDefault();
            const from = dragging ?? Number(e.dataTransfer.getData('text/plain'));
            if (Number.isInteger(from)) move(from, i);
            setDragging(null);
            setOver(null);
          }}
          onDragEnd={() => {
            setDragging(null);
            setOver(null);
          }}
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            padding: '8px 8px',
            marginBottom: 6,
            border: '1px solid #f0f0f0',
            borderTop: over === i && dragging !== null && dragging > i ? '2px solid #b7282e' : '1px solid #f0f0f0',
            borderBottom: over === i && dragging !== null && dragging < i ? '2px solid #b7282e' : '1px solid #f0f0f0',
            borderRadius: 4,
            background: dragging === i ? '#fafafa' : '#fff',
            opacity: dragging === i ? 0.6 : 1,
            cursor: 'grab',
          }}
        >
          <HolderOutlined aria-hidden style={{ color: '#999' }} />
          <Typography.Text strong style={{ minWidth: 24 }}>
            {i + 1}.
          </Typography.Text>
          <div style={{ flex: 1, minWidth: 0 }}>{render(item, i)}</div>
          <Space size={2}>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('sortable.up')} disabled={i === 0} onClick={() => move(i, i - 1)} />
            <Button
              size="small"
              type="text"
              icon={<ArrowDownOutlined />}
              aria-label={t('sortable.down')}
              disabled={i === items.length - 1}
              onClick={() => move(i, i + 1)}
            />
            {onRemove && <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('sortable.remove')} onClick={() => onRemove(item)} />}
          </Space>
        </li>
      ))}
    </ol>
  );
}
