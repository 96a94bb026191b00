// A component whose code is a separate chunk, fetched the first time it is rendered (or
// earlier, with `prefetch`, when the user reaches for it): the popup's first screen then
// loads only what it shows. Renders nothing for the few milliseconds its chunk takes.
import { createElement, type ComponentType, type VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface LazyComponent<P> {
  (props: P): VNode<P> | null;
  prefetch(): void;
}

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const get = () => (loading ??= load().then((c) => (loaded = c)));
  function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (!C) void get().then((c) => setC(() => c));
    }, []);
    return C ? createElement(C, props) : null;
  }
  return Object.assign(Lazy, { prefetch: () => void get() });
}
