import { useTranslation } from 'react-i18next';
import type { CallAgent } from '../api/types';

/** The accounts a call is attributed to, by name; "No agent" said, not left blank. */
export function CallAgents({ agents }: { agents?: CallAgent[] }) {
  const { t } = useTranslation();
  if (!agents || agents.length === 0)
    return <span className="call-agents call-agents--none">{t('calls.noAgents')}</span>;
  return (
    <span className="call-agents" dir="auto">
      {agents.map((agent) => agent.displayName).join(', ')}
    </span>
  );
}
