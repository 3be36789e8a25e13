/*
 * Threaded replies without leaving the page: "Reply" moves the comment form under the
 * comment, "Cancel reply" puts it back. Without this script the same links load the
 * page with ?replytocom=<id>, which the server answers with the form set to reply.
 * Also brings a form's error summary into view and focus after a failed post.
 */
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  if (!respond) {
    return;
  }
  var form = respond.querySelector("form.comment-form");
  var parentInput = form && form.querySelector("input[name='parent']");
  var title = respond.querySelector(".reply-title-text");
  var cancel = document.getElementById("cancel-comment-reply-link");
  if (!form || !parentInput || !title || !cancel) {
    return;
  }

  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function focusText() {
    var text = form.querySelector("textarea[name='body']");
    if (text) {
      text.focus();
    }
  }

  function replyTo(link, focus) {
    var comment = document.getElementById("comment-" + link.dataset.commentId);
    if (!comment) {
      return false;
    }
    var after = link.closest(".reply") || link;
    after.parentNode.insertBefore(respond, after.nextSibling);
    parentInput.value = link.dataset.commentId;
    title.textContent = "Leave a Reply to " + (link.dataset.author || "");
    cancel.hidden = false;
    if (focus) {
      focusText();
    }
    return true;
  }

  function cancelReply() {
    home.parentNode.insertBefore(respond, home);
    parentInput.value = "";
    title.textContent = "Leave a Reply";
    cancel.hidden = true;
    focusText();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-reply-link");
    if (link && replyTo(link, true)) {
      event.preventDefault();
    }
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    cancelReply();
  });

  // A page rendered as a reply (?replytocom, or a form shown again) puts the form
  // under that comment too, when the comment is on this page.
  if (parentInput.value && !cancel.hidden) {
    var target = document.querySelector(
      ".comment-reply-link[data-comment-id='" + CSS.escape(parentInput.value) + "']"
    );
    if (target) {
      replyTo(target, false);
    }
  }

  var summary = form.querySelector(".error-summary");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus();
  }
})();
