// Arrow keys in a tablist (WAI-ARIA tabs pattern): Left/Right select the neighbouring tab, wrapping
// at the ends, and move focus to it. Shared by the popup's sections and the install shells.

/** `tabs`: the tablist's entries, their ids first; each tab's element id is `${idPrefix}${id}`. */
export function onTabArrowKey<T extends string>(e: KeyboardEvent, tabs: readonly (readonly [T, unknown])[], current: T, select: (id: T) => void, idPrefix: string): void {
  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  e.preventDefault();
  const i = tabs.findIndex(([id]) => id === current);
  const next = tabs[(i + step + tabs.length) % tabs.length][0];
  select(next);
  document.getElementById(`${idPrefix}${next}`)?.focus();
}
