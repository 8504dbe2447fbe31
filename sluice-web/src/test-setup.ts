// Component tests run on a busy 2-core build machine next to Maven and Flink: queries that wait for
// an element (findBy…, waitFor) get 10 s instead of testing-library's default 1 s. They return as soon
// as the element is there, so this costs nothing when the machine is idle.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });

// What jsdom lacks for antd, for every component test: media queries, and computed styles of
// pseudo-elements (jsdom implements none and says so on every call).
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}
const computed = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => computed(element);
