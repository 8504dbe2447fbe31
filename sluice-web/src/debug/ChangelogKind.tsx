import { Tag, Tooltip } from 'antd';

const KINDS: Record<string, { colour: string; meaning: string }> = {
  '+I': { colour: 'green', meaning: 'insert' },
  '-U': { colour: 'orange', meaning: 'update: the row before' },
  '+U': { colour: 'blue', meaning: 'update: the row after' },
  '-D': { colour: 'red', meaning: 'delete' },
};

export function kindColour(kind: string): string {
  return KINDS[kind]?.colour ?? 'default';
}

/** A row's changelog kind as a coloured tag: +I green, -U orange, +U blue, -D red. */
export function ChangelogKind({ kind }: { kind: string }) {
  const known = KINDS[kind];
  return (
    <Tooltip title={known?.meaning}>
      <Tag color={kindColour(kind)} className="mono" data-testid="changelog-kind" data-kind={kind}>
        {kind}
      </Tag>
    </Tooltip>
  );
}
