// A passphrase field that no browser offers to save in its password manager.
//
// Firefox's login manager captures the value of any field that is, or ever was, type=password
// (it tracks `hasBeenTypePassword`) when its form is submitted or removed from the page, and
// then offers "Save password for moz-extension://…?", the value filled in; autocomplete=off
// does not stop it and clearing the field on submit is too late (it keeps the typed value).
// So the field is a text input drawn masked by CSS (`-webkit-text-security`, in Firefox and
// Chromium), with autocomplete off so no form history keeps it either, and copy/cut refused as
// a password field refuses them. tests/e2e/no-password-prompt.test.ts proves it in both browsers.
interface Props {
  id: string;
  value: string;
  onValue(value: string): void;
  disabled?: boolean;
  autoFocus?: boolean;
  'aria-describedby'?: string;
}

const refuse = (e: Event) => e.preventDefault();

export function PassphraseInput({ value, onValue, ...rest }: Props) {
  return (
    <input
      {...rest}
      type="text"
      // inline, not in style.css: the mask must not depend on a stylesheet having loaded
      style={{ '-webkit-text-security': 'disc' }}
      autocomplete="off"
      autocapitalize="off"
      autocorrect="off"
      spellcheck={false}
      value={value}
      onCopy={refuse}
      onCut={refuse}
      onInput={(e) => onValue((e.target as HTMLInputElement).value)}
    />
  );
}
