export function ErrorBanner(props: { message: string | undefined; onDismiss?: () => void }) {
  if (!props.message) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <span>{props.message}</span>
      {props.onDismiss ? (
        <button type="button" className="link" onClick={props.onDismiss} aria-label="×">
          ×
        </button>
      ) : null}
    </div>
  );
}
