import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

const instance = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() };
const init = vi.fn((..._args: unknown[]) => instance);
vi.mock('echarts', () => ({ init: (...args: unknown[]) => init(...args) }));

const { EChart } = await import('./EChart');

let resizeCallback: (() => void) | null = null;
class FakeResizeObserver {
  constructor(cb: () => void) {
    resizeCallback = cb;
  }
  observe() {}
  disconnect() {
    resizeCallback = null;
  }
}

describe('EChart', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('creates one chart, gives it each option whole, resizes it with its box and disposes it on unmount', () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    const first = { series: [] };
    const view = render(<EChart option={first} height={200} data-testid="checkpoint-chart" />);
    expect(init).toHaveBeenCalledTimes(1);
    expect(init.mock.calls[0][2]).toEqual({ renderer: 'svg' });
    expect(instance.setOption).toHaveBeenLastCalledWith(first, { notMerge: true });
    const second = { series: [{ type: 'line', data: [[1, 2]] }] };
    view.rerender(<EChart option={second} height={200} data-testid="checkpoint-chart" />);
    expect(instance.setOption).toHaveBeenLastCalledWith(second, { notMerge: true });
    expect(init).toHaveBeenCalledTimes(1);
    resizeCallback?.();
    expect(instance.resize).toHaveBeenCalledTimes(1);
    expect(view.getByTestId('checkpoint-chart').style.height).toBe('200px');
    view.unmount();
    expect(instance.dispose).toHaveBeenCalledTimes(1);
    expect(resizeCallback).toBeNull();
  });
});
