import { Card } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useDeck } from './api';
import { DeckWorkspace } from './DeckWorkspace';

/** /talks/:id/deck — the deck workspace on its own page, with a way back to the edition's 课件审核 tab. */
export function DeckWorkspacePage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { data: deck } = useDeck(id);
  if (!id) return null;
  return (
    <Card>
      <DeckWorkspace talkId={id} onBack={() => (deck ? navigate(`/editions/${encodeURIComponent(deck.editionId)}?tab=decks`) : navigate(-1))} />
    </Card>
  );
}
