// A copy button that says "Copied" for a moment (announced to screen readers).
import { useEffect, useState } from 'preact/hooks';
import { copyText } from '../files';
import { useT } from './i18n';

export function CopyButton({ text, label, ariaLabel }: { text: string; label: string; ariaLabel?: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button type="button" aria-label={ariaLabel} onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}>
        {label}
      </button>
      <span class="status" role="status">
        {state === 'copied' ? `✓ ${t('copied')}` : state === 'failed' ? t('copyFailed') : ''}
      </span>
    </>
  );
}
