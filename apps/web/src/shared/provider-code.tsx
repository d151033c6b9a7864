import { Fragment } from 'react';

/**
 * A provider's status or error code as it was sent. Codes such as
 * SENDER_AUTHORIZATION_CALLBACK_PROCESSING_PENDING are one long word: a line may break after
 * each underscore, never inside a word, and a copy keeps the code whole.
 */
export function ProviderCode({ code }: { code: string }) {
  const parts = code.split('_');
  return (
    <code>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              _<wbr />
            </>
          )}
        </Fragment>
      ))}
    </code>
  );
}
