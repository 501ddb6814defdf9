/** Shown over the canvas while the text does not parse: the canvas is read-only until it does. */
import { Button } from '../ui';

export function ParseErrorBanner({ error, onOpenText }: { error: string; onOpenText(): void }) {
  return (
    <div className="parse-error" role="alert" data-testid="parse-error">
      <span className="codicon codicon-error" aria-hidden="true" />
      <span>
        The document does not parse, so the canvas is read-only until it does: {error}
      </span>
      <Button appearance="primary" icon="go-to-file" label="Open in the text editor" onClick={onOpenText}>
        Open in the text editor
      </Button>
    </div>
  );
}
