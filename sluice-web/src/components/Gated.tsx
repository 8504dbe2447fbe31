import { Tooltip } from 'antd';

/** A button the caller's role may not allow, with a tooltip saying why. */
export function Gated({ allowed, why, children }: { allowed: boolean; why: string; children: React.ReactElement }) {
  if (allowed) return children;
  return (
    <Tooltip title={why}>
      <span style={{ display: 'inline-block' }}>{children}</span>
    </Tooltip>
  );
}
