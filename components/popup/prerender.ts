// True only while the build prerenders the popup's first screen (scripts/prerender-popup.ts):
// what depends on the day is left empty in the prerendered HTML (the build must give the same
// files on any day) and is filled when the script takes the elements over.
import { createContext } from 'preact';

export const Prerendering = createContext(false);
