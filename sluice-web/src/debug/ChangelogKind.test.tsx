import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangelogKind, kindColour } from './ChangelogKind';

describe('ChangelogKind', () => {
  it('colours each changelog kind', () => {
    expect(['+I', '-U', '+U', '-D', '?'].map(kindColour)).toEqual(['green', 'orange', 'blue', 'red', 'default']);
  });

  it('renders the kind as a coloured tag', () => {
    const { getByTestId, unmount } = render(<ChangelogKind kind="-U" />);
    const tag = getByTestId('changelog-kind');
    expect(tag.textContent).toBe('-U');
    expect(tag.getAttribute('data-kind')).toBe('-U');
    expect(tag.className).toContain('ant-tag-orange');
    unmount();
    const insert = render(<ChangelogKind kind="+I" />).getByTestId('changelog-kind');
    expect(insert.className).toContain('ant-tag-green');
  });
});
