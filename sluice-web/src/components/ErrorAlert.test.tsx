import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

describe('ErrorAlert', () => {
  it('shows the problem title, detail and every position', () => {
    const error = new ApiError(422, {
      title: 'Invalid script',
      detail: '2 problem(s) in the script',
      errors: [
        { statement: 3, line: 9, column: 64, message: "Object 'ordrs' not found" },
        { field: 'url', message: 'must be http or https' },
      ],
    });
    render(<ErrorAlert error={error} />);
    expect(screen.getByText('Invalid script')).toBeTruthy();
    expect(screen.getByText('2 problem(s) in the script')).toBeTruthy();
    expect(screen.getByText('statement 3, 9:64')).toBeTruthy();
    expect(screen.getByText('url')).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(["statement 3, 9:64 Object 'ordrs' not found", 'url must be http or https']);
  });

  it('renders nothing without an error', () => {
    const { container } = render(<ErrorAlert error={null} />);
    expect(container.innerHTML).toBe('');
  });
});
