import type { KeyboardEvent } from 'react';

export interface PanelTab<K extends string> {
  readonly key: K;
  readonly label: string;
}

export interface PanelTabsProps<K extends string> {
  readonly tabs: readonly PanelTab<K>[];
  readonly active: K;
  readonly onChange: (key: K) => void;
}

/** A tab bar; Left/Right move between tabs, as in any desktop app. */
export function PanelTabs<K extends string>({ tabs, active, onChange }: PanelTabsProps<K>) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const index = tabs.findIndex((t) => t.key === active);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next !== undefined) onChange(next.key);
  };
  return (
    <div className="tabs" role="tablist" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          aria-selected={t.key === active}
          tabIndex={t.key === active ? 0 : -1}
          data-testid={`tab-${t.key}`}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
