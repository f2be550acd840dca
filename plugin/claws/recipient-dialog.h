/* recipient-dialog.h - asking the user what to do when a message cannot
 * be encrypted to every recipient. */
#ifndef GSMIME_CLAWS_RECIPIENT_DIALOG_H
#define GSMIME_CLAWS_RECIPIENT_DIALOG_H

#include <gtk/gtk.h>

/* The answers double as the dialog's response IDs, which GTK wants
 * positive.  */
typedef enum
{
  GSMIME_CLAWS_RECIPIENTS_CANCEL = 1,      /* send nothing */
  GSMIME_CLAWS_RECIPIENTS_SEND_PLAIN,      /* send without encryption */
  GSMIME_CLAWS_RECIPIENTS_ENCRYPT_ANYWAY    /* accept unchecked revocation */
} GsmimeClawsRecipientChoice;

/* Shows, over PARENT (a compose window, or NULL), every address of
 * PROBLEMS (GsmimeRecipientProblem*) with the core's reason and what
 * would fix it, and waits for the user's answer: cancel (the default,
 * also when the window is closed) or send unencrypted, and encrypt
 * anyway when the only problem is that revocation could not be checked
 * (code "unchecked").  Returns the answer.  */
GsmimeClawsRecipientChoice gsmime_claws_recipient_dialog (GtkWidget *parent,
                                                          GPtrArray *problems);

/* The name of CHOICE for the trace: "cancel", "unencrypted", "anyway".  */
const char *gsmime_claws_recipient_choice_name (GsmimeClawsRecipientChoice c);

#endif
