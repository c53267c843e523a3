import { useTranslation } from 'react-i18next';
import { useDeleteTeam } from '../api/delete-team';
import type { Team } from '../api/types';
import { describeFailure } from './failure';

/** Asks before a team is deleted; Cancel has focus first, so that Enter alone deletes nothing. */
export function DeleteTeam({ team, onDeleted, onCancel }: { team: Team; onDeleted: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTeam();
  const titleId = `delete-team-${team.id}`;
  return (
    <div className="card manage-panel manage-panel--danger" role="group" aria-labelledby={titleId}>
      <h2 id={titleId} className="card__title">
        {t('manage.teams.deleteTitle', { name: team.name })}
      </h2>
      <p>{t('manage.teams.deleteExplain')}</p>
      {remove.isError && (
        <p role="alert" className="alert alert--error">
          {describeFailure(t, remove.error, []).message}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(team.id, { onSuccess: onDeleted })}
        >
          {remove.isPending ? t('manage.saving') : t('manage.teams.deleteConfirm')}
        </button>
        <button type="button" className="button button--secondary" autoFocus onClick={onCancel}>
          {t('manage.cancel')}
        </button>
      </div>
    </div>
  );
}
