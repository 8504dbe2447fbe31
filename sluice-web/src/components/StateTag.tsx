import { Tag, Tooltip } from 'antd';

const COLOURS: Record<string, string> = {
  RUNNING: 'green',
  CREATED: 'default',
  INITIALIZING: 'blue',
  SUBMITTING: 'blue',
  DEPLOYING: 'blue',
  RESTARTING: 'orange',
  CANCELLING: 'orange',
  STOPPING: 'orange',
  SUSPENDED: 'orange',
  STOPPED: 'default',
  FINISHED: 'cyan',
  CANCELED: 'default',
  CANCELLED: 'default',
  FAILING: 'red',
  FAILED: 'red',
  LOST: 'red',
  UNKNOWN: 'purple',
};

export function stateColour(state: string | null | undefined): string {
  return (state && COLOURS[state.toUpperCase()]) || 'default';
}

/** The actual state, coloured; the desired state beside it when the two differ. */
export function StateTag({ state, desired }: { state: string | null | undefined; desired?: string | null }) {
  const actual = state ?? 'UNKNOWN';
  const differs = desired && desired !== actual && !(desired === 'STOPPED' && ['STOPPED', 'CREATED', 'CANCELED', 'FINISHED'].includes(actual));
  return (
    <span data-testid="job-state" data-state={actual}>
      <Tag color={stateColour(actual)}>{actual}</Tag>
      {differs && (
        <Tooltip title="desired state">
          <Tag variant="filled" color="processing">
            → {desired}
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}
