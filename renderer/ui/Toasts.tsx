import { useNotifications } from '../stores/notifications';
import { Icon } from './icons';

/** Notifications in the corner: errors stay until dismissed, information fades. */
export function Toasts() {
  const notices = useNotifications((s) => s.notices);
  const dismiss = useNotifications((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`toast ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <Icon name={n.kind === 'info' ? 'info' : n.kind} size={16} className="toast-icon" />
          <div className="toast-body">
            <p>{n.message}</p>
            {n.actions && (
              <div className="toast-actions">
                {n.actions.map((a) => (
                  <button
                    key={a.label}
                    className="button small"
                    onClick={() => {
                      dismiss(n.id);
                      a.run();
                    }}
                  >
                    {a.label}
                  </button>
                ))}
              </div>
            )}
          </div>
          <button className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(n.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
