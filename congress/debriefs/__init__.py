"""The four-step debrief (述职评议): report, questions, comment, scoring."""
