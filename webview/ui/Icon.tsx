/** A codicon (the font is copied into dist/webview by build.mjs). Decorative: labels live on the control. */
export function Icon({ name, slot, className }: { name: string; slot?: string | undefined; className?: string }) {
  return <span className={`codicon codicon-${name}${className ? ` ${className}` : ''}`} slot={slot} aria-hidden="true" />;
}
