import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StateTag, stateColour } from './StateTag';

describe('StateTag', () => {
  it('colours states by what they mean', () => {
    expect(stateColour('RUNNING')).toBe('green');
    expect(stateColour('FAILED')).toBe('red');
    expect(stateColour('RESTARTING')).toBe('orange');
    expect(stateColour('something new')).toBe('default');
  });

  it('shows the desired state only when it differs from the actual one', () => {
    const differs = render(<StateTag state="RESTARTING" desired="RUNNING" />);
    expect(differs.container.textContent).toBe('RESTARTING→ RUNNING');
    differs.unmount();
    const same = render(<StateTag state="RUNNING" desired="RUNNING" />);
    expect(same.container.textContent).toBe('RUNNING');
    same.unmount();
    const stopped = render(<StateTag state="CREATED" desired="STOPPED" />);
    expect(stopped.container.textContent).toBe('CREATED');
  });
});
